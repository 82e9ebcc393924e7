#!/usr/bin/env bash
# Makes the sample app's TLS keystore at build time (sample-app/pom.xml, generate-resources): a self-signed EC P-256
# certificate for CN=localhost with SAN ip:127.0.0.1 and dns:localhost, in PKCS12, written into the app's classes so
# that the jar carries it. Throwaway material generated on each machine: nothing secret is committed, and its fixed
# password only keeps keytool happy. Kept when present (a clean build makes a new one).
#   usage: sample-keystore.sh <keystore file> <keytool>
set -euo pipefail
keystore="$1"
keytool="$2"
if [[ -s "$keystore" ]]; then
  exit 0
fi
mkdir -p "$(dirname "$keystore")"
"$keytool" -genkeypair -alias sample -keyalg EC -groupname secp256r1 -dname CN=localhost \
  -ext SAN=ip:127.0.0.1,dns:localhost -validity 3650 -storetype PKCS12 \
  -keystore "$keystore" -storepass sample-app -keypass sample-app >/dev/null
