"""The virtual card through the real pcscd + vpcd, read by standard tools (opensc-tool, pkcs11-tool)."""

from __future__ import annotations

import re
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from hardware_sim.personas import get_persona
from hardware_sim.personas.pki import user_auth_certificate
from tests.fixtures.pcsc import READER, CardProcess, card_present

PKCS11_MODULE = Path("/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so")
SELECT_JPKI = "00A4040C0AD392F000260100000001"
StartCard = Callable[..., CardProcess]


def opensc(*args: str) -> str:
    result = subprocess.run(["opensc-tool", "-r", READER, *args], capture_output=True, text=True, timeout=30,
                            check=False)
    return result.stdout + result.stderr


def send(*apdus: str) -> list[tuple[int, bytes]]:
    """Send APDUs in one card session with `opensc-tool -s`; return (SW, data) per APDU."""
    output = opensc(*(arg for command in apdus for arg in ("-s", command)))
    answers: list[tuple[int, bytes]] = []
    for block in output.split("Received (")[1:]:
        match = re.match(r"SW1=0x([0-9a-f]{2}), SW2=0x([0-9a-f]{2})\)", block, re.IGNORECASE)
        assert match, output
        data = b"".join(bytes.fromhex(line[:48]) for line in block.splitlines()[1:] if re.match(r"[0-9A-F]{2} ", line))
        answers.append((int(match.group(1) + match.group(2), 16), data))
    assert len(answers) == len(apdus), output
    return answers


def test_opensc_sees_the_real_atr_and_picks_its_jpki_driver(virtual_card: StartCard) -> None:
    virtual_card("normal")
    output = opensc("-a", "-n")
    assert "3b:da:13:ff:81:31:fb:46:80:12:39:2f:31:c1:73:c6:01:c0:3b" in output
    assert output.splitlines()[-1].strip() == "jpki"


def test_select_read_and_pin_counter_through_pcscd(virtual_card: StartCard) -> None:
    card = virtual_card("normal")
    answers = send(SELECT_JPKI, "00A4020C020006", "00B0000020", "00A4020C020018", "00200080", "002000800430303030",
                   "00200080", "00A4040C07A0000000031010", "00CA006E00")
    assert [status for status, _ in answers] == [0x9000, 0x9000, 0x9000, 0x9000, 0x63C3, 0x63C2, 0x63C2, 0x6A82,
                                                 0x6D00]
    assert answers[2][1] == b"JPKIAPICCTOKEN2".ljust(32)
    # the spent try survives the card process restarting with the same state file
    card.stop()
    virtual_card("normal", state_file=card.state_file)
    assert send(SELECT_JPKI, "00A4020C020018", "00200080")[2][0] == 0x63C2


def scriptor(*apdus: str) -> list[tuple[int, bytes]]:
    """Send APDUs raw through PC/SC with pcsc-tools' `scriptor` (OpenSC refuses extended APDUs for this card)."""
    result = subprocess.run(["scriptor", "-r", READER], input="\n".join(apdus) + "\n", capture_output=True,
                            text=True, timeout=30, check=False)
    answers: list[tuple[int, bytes]] = []
    for block in result.stdout.split("\n< ")[1:]:
        hex_part = block.split(" : ", 1)[0]
        raw = bytes.fromhex("".join(hex_part.split()))
        answers.append((int.from_bytes(raw[-2:], "big"), raw[:-2]))
    assert len(answers) == len(apdus), result.stdout + result.stderr
    return answers


def test_extended_apdus_through_pcscd(virtual_card: StartCard) -> None:
    virtual_card("normal")
    der = user_auth_certificate(get_persona("normal")).public_bytes(serialization.Encoding.DER)
    answers = scriptor(SELECT_JPKI, "00A4020C02000A", "00B00000000000", "00A4020C020018", "00200080000004" + "31323334")
    assert answers[2] == (0x9000, der)  # extended Le 00 00 00: the whole certificate in one response
    assert answers[4] == (0x9000, b"")  # extended Lc VERIFY


def test_pkcs11_lists_the_certificate_and_signs_with_the_card(virtual_card: StartCard, tmp_path: Path) -> None:
    virtual_card("normal")
    base = ["pkcs11-tool", "--module", str(PKCS11_MODULE)]
    listing = subprocess.run([*base, "-O"], capture_output=True, text=True, timeout=60, check=False).stdout
    assert "User Authentication Certificate" in listing
    assert "CN=JPKI-TEST-00001001" in listing
    message = tmp_path / "message"
    message.write_bytes(b"reception at the front desk")
    signature = tmp_path / "signature"
    result = subprocess.run([*base, "--login", "--pin", "1234", "--sign", "-m", "SHA256-RSA-PKCS", "--id", "01",
                             "-i", str(message), "-o", str(signature)], capture_output=True, text=True, timeout=60,
                            check=False)
    assert result.returncode == 0, result.stderr
    public_key = user_auth_certificate(get_persona("normal")).public_key()
    assert isinstance(public_key, rsa.RSAPublicKey)
    public_key.verify(signature.read_bytes(), message.read_bytes(), padding.PKCS1v15(), hashes.SHA256())


def test_not_a_my_number_card(virtual_card: StartCard) -> None:
    virtual_card("not_mynumber")
    assert "3b:8f:80:01:80:4f:0c:a0:00:00:03:06:11:00:3b:00:00:00:00:42" in opensc("-a")
    assert send(SELECT_JPKI, "00A4040C0AD3921000310001010402")[0][0] == 0x6A82
    assert send("00A4040C0AD3921000310001010402")[0][0] == 0x6A82


def test_insert_remove_by_stdin_and_signals_and_swap(virtual_card: StartCard) -> None:
    card = virtual_card("normal", inserted=False)
    assert not card_present()
    card.insert()
    card.remove()
    card.send_signal(signal.SIGUSR1)
    card.expect("inserted")
    card.wait_present(True)
    card.send_signal(signal.SIGUSR2)
    card.wait_present(False)
    card.insert()
    card.swap("pin_blocked")
    assert send(SELECT_JPKI, "00A4020C020018", "00200080", "002000800439373533")[2:] == [(0x63C0, b""),
                                                                                        (0x6984, b"")]
    card.send_signal(signal.SIGTERM)
    assert card.process.wait(timeout=5) == 0
    card.wait_present(False)


def test_injected_faults_reach_the_host(virtual_card: StartCard) -> None:
    card = virtual_card("normal")
    # scriptor sends exactly our APDUs (opensc-tool first probes the card with its own SELECT)
    card.fault("sw 6F00 A4")
    assert scriptor(SELECT_JPKI, SELECT_JPKI) == [(0x6F00, b""), (0x9000, b"")]
    card.fault("truncate 3 B0")
    assert scriptor(SELECT_JPKI, "00A4020C020006", "00B0000004")[2] == (int.from_bytes(b"PK", "big"), b"J")
    card.fault("garble jpki 000A")
    assert scriptor(SELECT_JPKI, "00A4020C02000A", "00B0000004")[2] == (0x9000, bytes.fromhex("30827FFF"))
    card.fault("remove B0")
    assert len(scriptor(SELECT_JPKI, "00A4020C02000A")) == 2
    result = subprocess.run(["scriptor", "-r", READER], input="00B0000004\n", capture_output=True, text=True,
                            timeout=30, check=False)
    assert "< 30 82" not in result.stdout  # the read got no answer: the card left mid-command
    card.expect("removed (fault")
    card.wait_present(False)
    card.insert()
    card.fault("clear")
    assert scriptor(SELECT_JPKI, "00A4020C02000A", "00B0000004")[2][1][:2] == b"\x30\x82"


def test_certified_reader_signs_without_a_pin_through_pcscd(virtual_card: StartCard) -> None:
    from hardware_sim.personas.pki import certified_reader_certificate, certified_reader_key
    from kiosk.reader import JpkiSession
    from kiosk.reader.pcsc import PcscReaders
    from kiosk.reader.reader_auth import ReaderCredential, holds_certified_key

    virtual_card("normal")
    credential = ReaderCredential.from_key(certified_reader_certificate(), certified_reader_key())
    with PcscReaders() as readers:
        connection = readers.connect(READER)
        try:
            def sign(message: bytes) -> bytes:  # EXTERNAL AUTHENTICATE is an extended APDU (certificate + signature)
                session = JpkiSession(connection)
                session.authenticate_reader(credential)
                return session.sign_sha256(message)

            assert holds_certified_key(sign, user_auth_certificate(get_persona("normal")))
        finally:
            connection.close()
