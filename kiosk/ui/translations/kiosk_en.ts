<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="ja">
<context>
    <name>Accounts</name>
    <message>
        <location filename="../maintenance_accounts.py" line="29"/>
        <source>パスワードは%1文字以上にしてください</source>
        <translation>The password needs at least %1 characters</translation>
    </message>
    <message>
        <location filename="../maintenance_accounts.py" line="31"/>
        <source>できませんでした：%1</source>
        <translation>Not done: %1</translation>
    </message>
    <message>
        <location filename="../maintenance_accounts.py" line="32"/>
        <source>保存できませんでした。もう一度お試しください</source>
        <translation>Could not be saved. Please try again</translation>
    </message>
    <message>
        <location filename="../maintenance_accounts.py" line="62"/>
        <source>追加しました：%1</source>
        <translation>Added: %1</translation>
    </message>
    <message>
        <location filename="../maintenance_accounts.py" line="70"/>
        <source>削除しました：%1</source>
        <translation>Removed: %1</translation>
    </message>
</context>
<context>
    <name>AccountsPage</name>
    <message>
        <location filename="../maintenance/accounts.py" line="90"/>
        <location filename="../maintenance/accounts.py" line="128"/>
        <source>管理者</source>
        <translation>Admin</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="90"/>
        <location filename="../maintenance/accounts.py" line="127"/>
        <source>職員</source>
        <translation>Staff</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="102"/>
        <source>アカウントの追加と削除は管理者だけができます</source>
        <translation>Only an admin can add or remove accounts</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="120"/>
        <source>削除するアカウントを一覧から選んでください</source>
        <translation>Choose the account to remove in the list</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="123"/>
        <source>職員ID</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="123"/>
        <location filename="../maintenance/accounts.py" line="125"/>
        <source>名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="123"/>
        <source>役割</source>
        <translation>Role</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="124"/>
        <source>新しい職員ID（英数字）</source>
        <translation>New staff ID (letters and digits)</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="126"/>
        <source>パスワード（8文字以上）</source>
        <translation>Password (8 characters or more)</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="129"/>
        <source>追加する</source>
        <translation>Add</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="130"/>
        <source>もう一度押すと削除します</source>
        <translation>Press again to remove</translation>
    </message>
    <message>
        <location filename="../maintenance/accounts.py" line="131"/>
        <source>選んだアカウントを削除</source>
        <translation>Remove the chosen account</translation>
    </message>
</context>
<context>
    <name>ChooseMethodScreen</name>
    <message>
        <location filename="../screens/choose_method.py" line="59"/>
        <source>顔認証</source>
        <translation>Face recognition</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="60"/>
        <source>暗証番号</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="62"/>
        <source>カメラが使えません</source>
        <translation>The camera is not available</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="62"/>
        <source>カメラを見るだけです</source>
        <translation>Just look at the camera</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="65"/>
        <source>ロックされているため使えません</source>
        <translation>Locked: cannot be used</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="65"/>
        <source>数字4桁を入力します</source>
        <translation>Enter 4 digits</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="67"/>
        <source>係員を呼ぶ</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../screens/choose_method.py" line="68"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ConfirmScreen</name>
    <message>
        <location filename="../screens/confirm.py" line="49"/>
        <source>同意する</source>
        <translation>Agree</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="49"/>
        <source>同意しない</source>
        <translation>Do not agree</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="50"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="54"/>
        <source>情報提供の同意：今回はありません</source>
        <translation>Consent to share information: none this time</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="56"/>
        <source>電子処方箋</source>
        <translation>Electronic prescription</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="56"/>
        <source>紙の処方箋</source>
        <translation>Paper prescription</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="57"/>
        <source>処方箋</source>
        <translation>Prescription</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="61"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../screens/confirm.py" line="62"/>
        <source>登録する</source>
        <translation>Register</translation>
    </message>
</context>
<context>
    <name>Consent</name>
    <message>
        <location filename="../screens/consent.py" line="27"/>
        <source>：</source>
        <translation>: </translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="21"/>
        <source>医療情報</source>
        <translation>Medical information</translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="22"/>
        <source>電子カルテ情報共有サービス</source>
        <translation>Electronic medical record sharing service</translation>
    </message>
</context>
<context>
    <name>ConsentItemsScreen</name>
    <message>
        <location filename="../screens/consent_items.py" line="117"/>
        <source>同意する</source>
        <translation>Agree</translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="117"/>
        <source>同意しない</source>
        <translation>Do not agree</translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="121"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="122"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../screens/consent_items.py" line="123"/>
        <source>選んだ内容で次へ</source>
        <translation>Next with these choices</translation>
    </message>
</context>
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../screens/consent.py" line="68"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/consent.py" line="69"/>
        <source>項目ごとに選ぶ</source>
        <translation>Choose item by item</translation>
    </message>
    <message>
        <location filename="../screens/consent.py" line="70"/>
        <source>すべて同意する</source>
        <translation>Agree to all</translation>
    </message>
</context>
<context>
    <name>Date</name>
    <message>
        <location filename="../texts.py" line="38"/>
        <source>{year}年{month}月{day}日</source>
        <translation>{year}-{mm}-{dd}</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../form_widgets.py" line="165"/>
        <source>年</source>
        <translation>Y</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="165"/>
        <source>月</source>
        <translation>M</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="165"/>
        <source>日</source>
        <translation>D</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="167"/>
        <source>西暦</source>
        <translation>AD</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="167"/>
        <source>昭和</source>
        <translation>Showa</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="167"/>
        <source>平成</source>
        <translation>Heisei</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="168"/>
        <source>令和</source>
        <translation>Reiwa</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="168"/>
        <source>大正</source>
        <translation>Taisho</translation>
    </message>
</context>
<context>
    <name>DeclarationConfirmScreen</name>
    <message>
        <location filename="../screens/declaration_confirm.py" line="58"/>
        <source>入力内容の確認</source>
        <translation>Please check what you entered</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="62"/>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="62"/>
        <source>フリガナ</source>
        <translation>Katakana</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="63"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="64"/>
        <source>保険者名・勤務先</source>
        <translation>Insurer/employer</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="64"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="68"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="69"/>
        <source>修正する</source>
        <translation>Correct</translation>
    </message>
    <message>
        <location filename="../screens/declaration_confirm.py" line="70"/>
        <source>記録する</source>
        <translation>Record</translation>
    </message>
</context>
<context>
    <name>DeclarationDoneScreen</name>
    <message>
        <location filename="../screens/declaration_done.py" line="41"/>
        <source>ご記入ありがとうございました</source>
        <translation>Thank you for filling it in</translation>
    </message>
    <message>
        <location filename="../screens/declaration_done.py" line="42"/>
        <source>受付窓口にお声がけください</source>
        <translation>Please speak to the reception desk</translation>
    </message>
    <message>
        <location filename="../screens/declaration_done.py" line="43"/>
        <source>係員が内容を確認します。今回は通常の窓口負担でお支払いいただけます</source>
        <translation>Staff will confirm it. You pay the usual co-payment today.</translation>
    </message>
    <message>
        <location filename="../screens/declaration_done.py" line="44"/>
        <source>申立書は送信済みです</source>
        <translation>The declaration has been sent.</translation>
    </message>
    <message>
        <location filename="../screens/declaration_done.py" line="45"/>
        <source>申立書は受付機に保存しました。通信が回復したら送信します</source>
        <translation>The declaration is saved on this kiosk and will be sent when the connection is back.</translation>
    </message>
    <message>
        <location filename="../screens/declaration_done.py" line="46"/>
        <source>終了</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>DeclarationFormScreen</name>
    <message>
        <location filename="../screens/declaration_form.py" line="92"/>
        <source>被保険者資格申立書の記入</source>
        <translation>Self-declaration of health insurance</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="94"/>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="94"/>
        <source>フリガナ</source>
        <translation>Katakana</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="94"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="95"/>
        <source>保険者名・勤務先</source>
        <translation>Insurer/employer</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="95"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="98"/>
        <source>例：山田 太郎（カナでも可）</source>
        <translation>e.g. Taro Yamada (katakana is fine)</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="99"/>
        <source>例：ヤマダ タロウ</source>
        <translation>e.g. ヤマダ タロウ</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="100"/>
        <source>例：○○健康保険組合、△△株式会社</source>
        <translation>e.g. ○○ Health Insurance Society, △△ Co., Ltd.</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="101"/>
        <source>例：090-1234-5678</source>
        <translation>e.g. 090-1234-5678</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="103"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/declaration_form.py" line="104"/>
        <source>確認へ進む</source>
        <translation>Next: check</translation>
    </message>
</context>
<context>
    <name>DeclarationsPage</name>
    <message>
        <location filename="../maintenance/declarations.py" line="47"/>
        <source>申立書：未送信 %1 件、受付拒否 %2 件、送信済み %3 件</source>
        <translation>Self-declarations: %1 not sent, %2 refused, %3 sent</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="52"/>
        <source>未送信</source>
        <translation>Not sent</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="52"/>
        <source>受付拒否</source>
        <translation>Refused</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="52"/>
        <source>送信済み</source>
        <translation>Sent</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="56"/>
        <source>時刻</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="56"/>
        <source>状態</source>
        <translation>State</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="56"/>
        <source>お名前</source>
        <translation>Name</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="56"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="57"/>
        <source>保険者名・勤務先</source>
        <translation>Insurer/employer</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="57"/>
        <source>電話番号</source>
        <translation>Phone number</translation>
    </message>
    <message>
        <location filename="../maintenance/declarations.py" line="58"/>
        <source>最新の状態にする</source>
        <translation>Refresh</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <location filename="../maintenance/diagnostics.py" line="18"/>
        <source>カードリーダー</source>
        <translation>Card reader</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="19"/>
        <source>カード</source>
        <translation>Card</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="20"/>
        <source>カメラ</source>
        <translation>Camera</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="21"/>
        <source>券面読取カメラ</source>
        <translation>Card camera</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="22"/>
        <source>資格確認サーバー</source>
        <translation>Eligibility server</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="23"/>
        <source>未送信の記録</source>
        <translation>Unsent records</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="24"/>
        <source>再起動</source>
        <translation>Restarts</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="25"/>
        <source>顔認証のロック</source>
        <translation>Face recognition locks</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="26"/>
        <source>暗証番号の回数上限</source>
        <translation>PIN tries used up</translation>
    </message>
</context>
<context>
    <name>DiagnosticsPage</name>
    <message>
        <location filename="../maintenance/diagnostics.py" line="62"/>
        <source>正常</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="62"/>
        <source>異常</source>
        <translation>Fault</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="67"/>
        <source>最終更新：%1</source>
        <translation>Last updated: %1</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="75"/>
        <source>機器</source>
        <translation>Device</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="75"/>
        <source>状態</source>
        <translation>Status</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="75"/>
        <source>詳細</source>
        <translation>Details</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="76"/>
        <source>更新</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location filename="../maintenance/diagnostics.py" line="77"/>
        <source>カードのロックを解除する</source>
        <translation>Unlock locked cards</translation>
    </message>
</context>
<context>
    <name>DisasterConsentScreen</name>
    <message>
        <location filename="../screens/disaster_consent.py" line="24"/>
        <source>災害時の資格確認</source>
        <translation>Insurance check in a disaster</translation>
    </message>
    <message>
        <location filename="../screens/disaster_consent.py" line="26"/>
        <source>係員の方：画面左上を3秒押してログインし、「災害時モード」で同意の有無を記録してください</source>
        <translation>Staff: hold the top-left corner for 3 s, sign in, and record the answer on the &quot;Disaster mode&quot; tab</translation>
    </message>
</context>
<context>
    <name>DisasterFormScreen</name>
    <message>
        <location filename="../screens/disaster_form.py" line="65"/>
        <source>フリガナ</source>
        <translation>Katakana</translation>
    </message>
    <message>
        <location filename="../screens/disaster_form.py" line="66"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../screens/disaster_form.py" line="67"/>
        <source>例：ヤマダ タロウ</source>
        <translation>e.g. ヤマダ タロウ</translation>
    </message>
    <message>
        <location filename="../screens/disaster_form.py" line="68"/>
        <source>同じお名前の方が複数いる場合は、係員が確認します</source>
        <translation>If several people share the name, staff will check.</translation>
    </message>
    <message>
        <location filename="../screens/disaster_form.py" line="70"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/disaster_form.py" line="71"/>
        <source>資格を確認する</source>
        <translation>Check insurance</translation>
    </message>
</context>
<context>
    <name>DisasterPage</name>
    <message>
        <location filename="../maintenance/disaster.py" line="64"/>
        <source>災害時モード：実施中</source>
        <translation>Disaster mode: ON</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="64"/>
        <source>災害時モード：停止中</source>
        <translation>Disaster mode: off</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="65"/>
        <source>患者さんがカードなしの資格確認を待っています。資格情報を確認してよいか、ご本人に口頭でおうかがいし、答えを記録してください</source>
        <translation>A patient is waiting for a check without a card. Ask them whether they agree to the check, and record their answer</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="67"/>
        <source>口頭で同意を得た</source>
        <translation>Agreed verbally</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="68"/>
        <source>同意が得られない</source>
        <translation>Did not agree</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="70"/>
        <source>カードをお持ちでない方を、口頭での同意のうえ、フリガナと生年月日で資格確認できます（全画面に表示）</source>
        <translation>Patients without a card can be checked by name (katakana) and date of birth after verbal consent (shown on every screen)</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="72"/>
        <source>もう一度押すと終了します</source>
        <translation>Press again to end it</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="73"/>
        <source>もう一度押すと災害時モードを開始します</source>
        <translation>Press again to start disaster mode</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="75"/>
        <source>切り替えませんでした（もう一度押してください）</source>
        <translation>Not switched (press again to confirm)</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="77"/>
        <source>災害時モードを終了する</source>
        <translation>Switch disaster mode off</translation>
    </message>
    <message>
        <location filename="../maintenance/disaster.py" line="79"/>
        <source>災害時モードを開始する</source>
        <translation>Switch disaster mode on</translation>
    </message>
</context>
<context>
    <name>FaceScreen</name>
    <message>
        <location filename="../screens/face.py" line="150"/>
        <source>カメラを準備しています</source>
        <translation>Starting the camera</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="157"/>
        <source>顔認証</source>
        <translation>Face recognition</translation>
    </message>
    <message numerus="yes">
        <location filename="../screens/face.py" line="163"/>
        <source>あと %n 回試せます</source>
        <translation>
            <numerusform>%n more try</numerusform>
            <numerusform>%n more tries</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="151"/>
        <source>枠に顔を合わせてください</source>
        <translation>Fit your face in the frame</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="164"/>
        <source>顔写真は保存しません</source>
        <translation>Your photo is not stored</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="165"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="166"/>
        <source>暗証番号にする</source>
        <translation>Use PIN instead</translation>
    </message>
    <message>
        <location filename="../screens/face.py" line="167"/>
        <source>係員を呼ぶ</source>
        <translation>Call staff</translation>
    </message>
</context>
<context>
    <name>FailsafeScreen</name>
    <message>
        <location filename="../screens/failsafe.py" line="30"/>
        <source>申し訳ありません</source>
        <translation>We are sorry</translation>
    </message>
    <message>
        <location filename="../screens/failsafe.py" line="32"/>
        <source>カードをお取りになり、受付窓口にお声がけください</source>
        <translation>Please take your card and speak to the reception desk</translation>
    </message>
    <message>
        <location filename="../screens/failsafe.py" line="33"/>
        <source>まもなく最初の画面に戻ります</source>
        <translation>Returning to the start screen shortly</translation>
    </message>
</context>
<context>
    <name>FormProblem</name>
    <message>
        <location filename="../form_widgets.py" line="38"/>
        <source>お名前を入力してください</source>
        <translation>Please enter your name</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="39"/>
        <source>お名前は50文字までです</source>
        <translation>The name can have up to 50 characters</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="40"/>
        <source>お名前に使えない文字が含まれています</source>
        <translation>The name contains characters that cannot be used</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="41"/>
        <source>フリガナを入力してください</source>
        <translation>Please enter your name in katakana</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="42"/>
        <source>フリガナは50文字までです</source>
        <translation>The katakana name can have up to 50 characters</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="43"/>
        <source>フリガナはカタカナで入力してください</source>
        <translation>Please use katakana for this field</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="44"/>
        <source>生年月日を入力してください</source>
        <translation>Please enter your date of birth</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="45"/>
        <source>生年月日が今日より後になっています</source>
        <translation>The date of birth is after today</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="46"/>
        <source>生年月日は1900年以降の日付です</source>
        <translation>The date of birth must be 1900 or later</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="47"/>
        <source>この日付はありません。年・月・日を確かめてください</source>
        <translation>There is no such date. Please check year, month and day.</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="48"/>
        <source>保険者名または勤務先を入力してください</source>
        <translation>Please enter your insurer or employer</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="49"/>
        <source>保険者名または勤務先は60文字までです</source>
        <translation>Insurer or employer: up to 60 characters</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="50"/>
        <source>電話番号を入力してください</source>
        <translation>Please enter a phone number</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="51"/>
        <source>電話番号は0から始まる10桁か11桁の数字です</source>
        <translation>A phone number has 10 or 11 digits and starts with 0</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="52"/>
        <source>保険者番号は6桁か8桁の数字です</source>
        <translation>The insurer number has 6 or 8 digits</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="53"/>
        <source>保険者番号の最後の数字（検証番号）が合いません。番号を確かめてください</source>
        <translation>Wrong check digit (the last digit). Please check the number.</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="55"/>
        <source>記号を入力してください（20文字まで、前後の空白なし）</source>
        <translation>Enter the symbol (up to 20 characters, no spaces around it)</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="56"/>
        <source>番号は英数字20文字までです</source>
        <translation>The number has up to 20 letters or digits</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="57"/>
        <source>枝番は2桁の数字です（例：00）</source>
        <translation>The branch number has 2 digits (e.g. 00)</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="58"/>
        <source>職員IDは英数字32文字までです</source>
        <translation>A staff ID has up to 32 letters or digits</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="59"/>
        <source>ご本人の同意が記録されていません</source>
        <translation>The patient&apos;s consent is not recorded</translation>
    </message>
    <message>
        <location filename="../form_widgets.py" line="61"/>
        <source>入力内容を確かめてください</source>
        <translation>Please check what you entered</translation>
    </message>
</context>
<context>
    <name>GuidanceScreen</name>
    <message>
        <location filename="../screens/guidance.py" line="88"/>
        <source>顔認証にする</source>
        <translation>Use face recognition</translation>
    </message>
    <message>
        <location filename="../screens/guidance.py" line="89"/>
        <location filename="../screens/guidance.py" line="90"/>
        <source>係員を呼ぶ</source>
        <translation>Call staff</translation>
    </message>
    <message>
        <location filename="../screens/guidance.py" line="91"/>
        <source>今すぐ登録する</source>
        <translation>Register now</translation>
    </message>
    <message>
        <location filename="../screens/guidance.py" line="92"/>
        <source>申立書を記入する</source>
        <translation>Fill in a self-declaration</translation>
    </message>
    <message>
        <location filename="../screens/guidance.py" line="93"/>
        <source>終了</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>IdleScreen</name>
    <message>
        <location filename="../screens/idle.py" line="47"/>
        <source>受付</source>
        <translation>Check-in</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="49"/>
        <source>紙の資格確認書などの方は、下のボタンを押してください。係員がまいります</source>
        <translation>With a paper certificate, press the button below. A staff member will come.</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="50"/>
        <source>資格確認書・資格情報のお知らせをお持ちの方</source>
        <translation>Paper eligibility certificate or qualification notice</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="51"/>
        <source>カードをお持ちでない方（災害時）</source>
        <translation>No card (disaster mode)</translation>
    </message>
    <message>
        <location filename="../screens/idle.py" line="52"/>
        <source>受付が終わるまで置いたままにしてください</source>
        <translation>Leave it on the reader until check-in is finished</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <location filename="../main_window.py" line="229"/>
        <source>マイナ保険証 受付機</source>
        <translation>My Number insurance card check-in</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="230"/>
        <source>災害時モード実施中</source>
        <translation>DISASTER MODE</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="231"/>
        <source>係員を呼んでいます</source>
        <translation>Staff have been called</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="232"/>
        <source>文字を戻す</source>
        <translation>Usual text</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="232"/>
        <source>文字を大きく</source>
        <translation>Larger text</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="233"/>
        <source>もう一度聞く</source>
        <translation>Say again</translation>
    </message>
    <message>
        <location filename="../main_window.py" line="234"/>
        <source>音量</source>
        <translation>Volume</translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <location filename="../language.py" line="17"/>
        <source>ja</source>
        <translation>en</translation>
    </message>
</context>
<context>
    <name>MaintenanceLoginScreen</name>
    <message numerus="yes">
        <location filename="../maintenance/login.py" line="62"/>
        <source>パスワードが違います（あと %n 回でロックされます）</source>
        <translation>
            <numerusform>Wrong password (%n more try before a lockout)</numerusform>
            <numerusform>Wrong password (%n more tries before a lockout)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../maintenance/login.py" line="66"/>
        <source>ロック中です。%n 分後にもう一度お試しください</source>
        <translation>
            <numerusform>Locked. Try again in %n minute</numerusform>
            <numerusform>Locked. Try again in %n minutes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="69"/>
        <source>職員IDかパスワードが違います</source>
        <translation>Wrong staff ID or password</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="72"/>
        <source>職員パスワードが設定されていません</source>
        <translation>No staff password is configured</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="75"/>
        <source>確認しています…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="78"/>
        <source>メンテナンスモード</source>
        <translation>Maintenance mode</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="79"/>
        <source>職員用のパスワードを入力してください</source>
        <translation>Enter the staff password</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="80"/>
        <source>パスワード</source>
        <translation>Password</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="81"/>
        <source>職員ID</source>
        <translation>Staff ID</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="82"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
    <message>
        <location filename="../maintenance/login.py" line="83"/>
        <source>ログイン</source>
        <translation>Log in</translation>
    </message>
</context>
<context>
    <name>MaintenancePanel</name>
    <message>
        <location filename="../maintenance/panel.py" line="80"/>
        <source>メンテナンス中（受付停止）・ログイン中：%1</source>
        <translation>Maintenance (check-in paused) · Signed in: %1</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="83"/>
        <source>メンテナンス中（受付停止）</source>
        <translation>Maintenance (check-in paused)</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="84"/>
        <source>機器の状態</source>
        <translation>Devices</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="84"/>
        <source>目視確認</source>
        <translation>Visual check</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="84"/>
        <source>設定</source>
        <translation>Settings</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="84"/>
        <source>本日の受付</source>
        <translation>Check-ins</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="84"/>
        <source>申立書</source>
        <translation>Declarations</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="85"/>
        <source>災害時モード</source>
        <translation>Disaster</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="85"/>
        <source>職員アカウント</source>
        <translation>Accounts</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="88"/>
        <source>受付に戻る</source>
        <translation>Back to check-in</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="90"/>
        <source>もう一度押すと終了します</source>
        <translation>Press again to exit</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="92"/>
        <source>終了しませんでした（もう一度押すと終了の確認）</source>
        <translation>Not ended (press again to confirm)</translation>
    </message>
    <message>
        <location filename="../maintenance/panel.py" line="94"/>
        <source>キオスクを終了</source>
        <translation>Exit kiosk</translation>
    </message>
</context>
<context>
    <name>PaperFormScreen</name>
    <message>
        <location filename="../screens/paper_form.py" line="109"/>
        <source>担当：%1</source>
        <translation>Staff: %1</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="110"/>
        <source>資格確認書</source>
        <translation>Eligibility certificate</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="111"/>
        <source>資格情報のお知らせ</source>
        <translation>Qualification notice</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="112"/>
        <source>保険者番号</source>
        <translation>Insurer no.</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="112"/>
        <source>記号</source>
        <translation>Symbol</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="112"/>
        <source>番号</source>
        <translation>Number</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="113"/>
        <source>枝番</source>
        <translation>Branch</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="113"/>
        <source>生年月日</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="116"/>
        <source>6桁か8桁</source>
        <translation>6 or 8 digits</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="119"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/paper_form.py" line="120"/>
        <source>資格を確認する</source>
        <translation>Check insurance</translation>
    </message>
</context>
<context>
    <name>PaperStaffAuthScreen</name>
    <message>
        <location filename="../screens/paper_staff_auth.py" line="53"/>
        <source>資格確認書・資格情報のお知らせで受付します</source>
        <translation>Reception with a paper eligibility certificate</translation>
    </message>
    <message>
        <location filename="../screens/paper_staff_auth.py" line="55"/>
        <source>係員の方：画面左上を3秒押し、ご自分のアカウントでログインすると入力画面になります</source>
        <translation>Staff: hold the top-left corner for 3 s and sign in with your own account to open the form</translation>
    </message>
</context>
<context>
    <name>PinScreen</name>
    <message>
        <location filename="../screens/pin.py" line="139"/>
        <source>入力した数字は画面に表示されません</source>
        <translation>The digits you enter are not shown</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="147"/>
        <source>訂正</source>
        <translation>Delete</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="148"/>
        <source>確定</source>
        <translation>OK</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="149"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="150"/>
        <source>顔認証にする</source>
        <translation>Use face recognition</translation>
    </message>
    <message>
        <location filename="../screens/pin.py" line="151"/>
        <source>係員を呼ぶ</source>
        <translation>Call staff</translation>
    </message>
</context>
<context>
    <name>PrescriptionScreen</name>
    <message>
        <location filename="../screens/prescription.py" line="49"/>
        <source>処方箋の受け取り方</source>
        <translation>How to receive your prescription</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="51"/>
        <source>電子処方箋</source>
        <translation>Electronic prescription</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="51"/>
        <source>紙の処方箋</source>
        <translation>Paper prescription</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="54"/>
        <source>薬局にデータで届きます。処方内容の控えをお渡しします</source>
        <translation>It goes to the pharmacy as data. You get a printed summary of it</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="55"/>
        <source>これまでどおり紙の処方箋をお渡しします</source>
        <translation>You get a paper prescription, as before</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="56"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location filename="../screens/prescription.py" line="57"/>
        <source>戻る</source>
        <translation>Back</translation>
    </message>
</context>
<context>
    <name>ReadingScreen</name>
    <message>
        <location filename="../screens/reading.py" line="22"/>
        <source>カードを読み取っています</source>
        <translation>Reading your card</translation>
    </message>
</context>
<context>
    <name>ReceptionsPage</name>
    <message>
        <location filename="../maintenance/receptions.py" line="35"/>
        <source>後で確認</source>
        <translation>check later</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="39"/>
        <source>本日の受付：%1 件（完了 %2 件）</source>
        <translation>Today: %1 check-ins (%2 completed)</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="44"/>
        <source>顔認証</source>
        <translation>Face recognition</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="44"/>
        <source>暗証番号</source>
        <translation>PIN</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="44"/>
        <source>目視確認</source>
        <translation>Visual check</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="45"/>
        <source>資格確認書（係員入力）</source>
        <translation>Paper certificate (staff)</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="45"/>
        <source>申立書</source>
        <translation>Self-declarations</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="46"/>
        <source>災害時（カードなし）</source>
        <translation>Disaster (no card)</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="62"/>
        <source>完了</source>
        <translation>Completed</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="62"/>
        <source>失敗</source>
        <translation>Failed</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="62"/>
        <source>カード抜去</source>
        <translation>Card removed</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="63"/>
        <source>中止</source>
        <translation>Cancelled</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="63"/>
        <source>時間切れ</source>
        <translation>Timed out</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="63"/>
        <source>エラー</source>
        <translation>Error</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="64"/>
        <source>申立書を記録</source>
        <translation>Declaration recorded</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="64"/>
        <source>職員が中止</source>
        <translation>Stopped by staff</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="69"/>
        <source>時刻</source>
        <translation>Time</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="69"/>
        <source>本人確認</source>
        <translation>Identity</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="69"/>
        <source>結果</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location filename="../maintenance/receptions.py" line="69"/>
        <source>理由</source>
        <translation>Reason</translation>
    </message>
</context>
<context>
    <name>RegisterTermsScreen</name>
    <message>
        <location filename="../screens/register_terms.py" line="47"/>
        <source>保険証として使う登録をします</source>
        <translation>Register your card as a health insurance card</translation>
    </message>
    <message>
        <location filename="../screens/register_terms.py" line="50"/>
        <source>・このマイナンバーカードを健康保険証として利用できるように登録します。
・登録すると、医療機関や薬局で、加入している健康保険の資格を確認できるようになります。
・登録は無料です。先ほどの顔認証または暗証番号でご本人であることを確認済みです。
・登録した情報は、健康保険の資格確認のためだけに使われます。
・登録をやめたい場合は、お住まいの市区町村の窓口またはマイナポータルで手続きできます。
・同意しない場合は登録されません。受付窓口で資格情報のお知らせなどをご提示ください。</source>
        <translation>• This registers your My Number card for use as your health insurance card.
• Clinics and pharmacies can then check your health insurance with it.
• Registration is free. Your identity was already confirmed by face recognition or PIN.
• The registration is used only to check your health insurance.
• To cancel it, go to your municipal office or use Mynaportal.
• If you do not agree, nothing is registered. Please show your qualification notice at the reception desk.</translation>
    </message>
    <message>
        <location filename="../screens/register_terms.py" line="56"/>
        <source>利用規約 第%1版</source>
        <translation>Terms version %1</translation>
    </message>
    <message>
        <location filename="../screens/register_terms.py" line="57"/>
        <source>同意しない</source>
        <translation>Do not agree</translation>
    </message>
    <message>
        <location filename="../screens/register_terms.py" line="58"/>
        <source>同意して登録する</source>
        <translation>Agree and register</translation>
    </message>
</context>
<context>
    <name>ResultScreen</name>
    <message>
        <location filename="../screens/result.py" line="58"/>
        <source>電子証明書の有効期限は %1 です。期限までに、お住まいの市区町村の窓口で更新してください（無料）</source>
        <translation>Your card&apos;s certificate expires on %1. Please renew it before then at your municipal office (free of charge).</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="61"/>
        <source>電子証明書の有効期限（%1）が過ぎています。%2 までの猶予期間のため、今回は保険の資格だけを確認しました（診療情報などの提供はできません）。市区町村の窓口で更新してください（無料）</source>
        <translation>Your card&apos;s certificate expired on %1. During the grace period (until %2) only your insurance could be checked; medical information cannot be shared. Please renew it at your municipal office (free of charge).</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="70"/>
        <source>医療扶助：窓口でのお支払いはありません</source>
        <translation>Public medical assistance: nothing to pay at the counter</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="72"/>
        <source>負担割合：受付でお伝えします</source>
        <translation>Co-payment: the reception desk will tell you</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="74"/>
        <source>負担割合：%1割</source>
        <translation>Co-payment: %2%</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="77"/>
        <source>保険者：%1</source>
        <translation>Insurer: %1</translation>
    </message>
    <message>
        <location filename="../screens/result.py" line="82"/>
        <source>終了</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <location filename="../maintenance/settings_page.py" line="121"/>
        <source>保存しました（サーバーURLは再起動後に反映されます）</source>
        <translation>Saved (the server URL applies after a restart)</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="121"/>
        <source>保存できません</source>
        <translation>Cannot save</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="126"/>
        <source>顔照合のしきい値（小さいほど厳しい）</source>
        <translation>Face match tolerance (lower is stricter)</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="127"/>
        <source>生体検知（写真や画面でないことの確認）</source>
        <translation>Liveness check (not a photo or a screen)</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="128"/>
        <source>画面の待ち時間</source>
        <translation>Screen timeout</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="129"/>
        <source>暗証番号入力の待ち時間</source>
        <translation>PIN entry timeout</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="130"/>
        <source>顔認証の待ち時間</source>
        <translation>Face recognition timeout</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="131"/>
        <source>結果の表示時間</source>
        <translation>Result shown for</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="132"/>
        <source>エラー画面の表示時間</source>
        <translation>Error screen shown for</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="133"/>
        <source>最初に表示する言語</source>
        <translation>Default language</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="134"/>
        <source>資格確認サーバーのURL</source>
        <translation>Eligibility server URL</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="138"/>
        <source>使う</source>
        <translation>On</translation>
    </message>
    <message>
        <location filename="../maintenance/settings_page.py" line="139"/>
        <source>設定を保存</source>
        <translation>Save settings</translation>
    </message>
</context>
<context>
    <name>StaffCheckPage</name>
    <message>
        <location filename="../maintenance/staff_check.py" line="59"/>
        <source>カードの顔写真とご本人を見比べてください</source>
        <translation>Compare the card photo with the patient</translation>
    </message>
    <message>
        <location filename="../maintenance/staff_check.py" line="61"/>
        <source>確認を待っている患者さんはいません</source>
        <translation>No patient is waiting for a check</translation>
    </message>
    <message>
        <location filename="../maintenance/staff_check.py" line="63"/>
        <source>写真なし</source>
        <translation>No photo</translation>
    </message>
    <message>
        <location filename="../maintenance/staff_check.py" line="64"/>
        <source>本人と確認しました</source>
        <translation>Identity confirmed</translation>
    </message>
    <message>
        <location filename="../maintenance/staff_check.py" line="65"/>
        <source>本人と確認できません</source>
        <translation>Cannot confirm identity</translation>
    </message>
</context>
<context>
    <name>StaffComingScreen</name>
    <message>
        <location filename="../screens/paper_staff_auth.py" line="40"/>
        <source>係員をお呼びしました。そのままお待ちください</source>
        <translation>Staff have been called. Please wait here</translation>
    </message>
    <message>
        <location filename="../screens/paper_staff_auth.py" line="41"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StaffWaitScreen</name>
    <message>
        <location filename="../screens/staff_wait.py" line="29"/>
        <source>係員が確認します</source>
        <translation>A staff member will check</translation>
    </message>
    <message>
        <location filename="../screens/staff_wait.py" line="31"/>
        <source>係員がカードの顔写真とご本人を見比べて確認します</source>
        <translation>Staff will compare the card photo with you</translation>
    </message>
    <message>
        <location filename="../screens/staff_wait.py" line="32"/>
        <source>やめる</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StillThereOverlay</name>
    <message>
        <location filename="../still_there.py" line="52"/>
        <source>続ける場合は「続ける」を押してください。しばらくすると受付を中止します</source>
        <translation>To go on, press &quot;Continue&quot;. Otherwise the reception stops in a moment</translation>
    </message>
    <message>
        <location filename="../still_there.py" line="53"/>
        <source>続ける</source>
        <translation>Continue</translation>
    </message>
</context>
<context>
    <name>SubmittingScreen</name>
    <message>
        <location filename="../screens/submitting.py" line="46"/>
        <source>しばらくお待ちください</source>
        <translation>Please wait a moment</translation>
    </message>
    <message>
        <location filename="../screens/submitting.py" line="48"/>
        <source>しばらくお待ちください。カードはそのまま置いておいてください</source>
        <translation>Please wait. Leave the card on the reader</translation>
    </message>
</context>
<context>
    <name>TakeCardScreen</name>
    <message>
        <location filename="../screens/take_card.py" line="40"/>
        <source>カードをお忘れなく</source>
        <translation>Don&apos;t forget your card</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="41"/>
        <source>カードをお取りになり、受付窓口にお申し出ください</source>
        <translation>Please take your card and go to the reception desk</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="42"/>
        <source>もう一度行う場合は、カードを置き直してください</source>
        <translation>To try again, place your card again</translation>
    </message>
    <message>
        <location filename="../screens/take_card.py" line="45"/>
        <source>カードをお取りください</source>
        <translation>Please take your card</translation>
    </message>
</context>
<context>
    <name>TouchKeyboard</name>
    <message>
        <location filename="../keyboard.py" line="222"/>
        <source>カナ</source>
        <translation>Kana</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="222"/>
        <source>数字</source>
        <translation>123</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="222"/>
        <source>英字</source>
        <translation>ABC</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="225"/>
        <source>空白</source>
        <translation>Space</translation>
    </message>
    <message>
        <location filename="../keyboard.py" line="226"/>
        <source>1字消す</source>
        <translation>Delete</translation>
    </message>
</context>
</TS>
