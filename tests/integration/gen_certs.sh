#!/usr/bin/env bash
# Makes the test PKI in $1 (default ./certs): a test CA, a good server cert,
# and one bad cert per TLS refusal the tests expect. Idempotent: reuses a
# complete set unless the good cert is within a day of expiring.
set -euo pipefail
out=${1:-certs}
mkdir -p "$out"
cd "$out"
if [ -f done ] && openssl x509 -checkend 86400 -noout -in server.pem >/dev/null 2>&1; then
    exit 0
fi
rm -rf db ./*.pem ./*.key ./*.csr done
mkdir -p db/new
export SSO_SAN=DNS:unused # openssl.cnf reads it even where unused
: >db/index.txt
echo 1000 >db/serial

# mbedTLS 2.28 matches host names against dNSName SANs only, so the tests
# connect by name (localhost, portal.sso.test) and the IPs are for others.
cat >openssl.cnf <<'CNF'
[ca]
default_ca = test_ca
[test_ca]
dir = ./db
database = $dir/index.txt
serial = $dir/serial
new_certs_dir = $dir/new
default_md = sha256
policy = any
unique_subject = no
copy_extensions = none
[any]
commonName = supplied
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectAltName = $ENV::SSO_SAN
CNF

newkey() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null; }

mkca() { # name CN
    newkey "$1.key"
    openssl req -config openssl.cnf -new -x509 -key "$1.key" -subj "/CN=$2" -days 3650 \
        -extensions v3_ca -out "$1.pem"
}

# leaf name ca san startdate enddate
leaf() {
    newkey "$1.key"
    openssl req -config openssl.cnf -new -key "$1.key" -subj "/CN=$1" -out "$1.csr"
    SSO_SAN="$3" openssl ca -config openssl.cnf -batch -notext -cert "$2.pem" -keyfile "$2.key" \
        -extensions leaf -startdate "$4" -enddate "$5" -in "$1.csr" -out "$1.pem" 2>/dev/null
    cat "$1.pem" "$2.pem" >"$1-chain.pem"
}

utc() { date -u -d "$1" +%Y%m%d%H%M%SZ; }
now_minus=$(utc '-1 day')
soon=$(utc '+30 days')
good_san="DNS:localhost,DNS:portal.sso.test,IP:127.0.0.1,IP:10.77.0.1"

mkca ca "tinysso test CA"
mkca rogue "tinysso rogue CA"
leaf server ca "$good_san" "$now_minus" "$soon"
leaf untrusted rogue "$good_san" "$now_minus" "$soon"
leaf wrongname ca "DNS:wrong.example" "$now_minus" "$soon"
leaf expired ca "$good_san" "$(utc '-60 days')" "$(utc '-30 days')"
leaf notyet ca "$good_san" "$(utc '+30 days')" "$(utc '+60 days')"
touch done
