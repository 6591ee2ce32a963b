#!/usr/bin/env bash
# Builds Traefik from the Go module proxy (go install refuses it: its go.mod
# has replace directives) and prints the binary's path. The binary is cached
# outside the clone, so a fresh clone on the same machine, and every later
# run, reuses it. Exit status 3 means Traefik cannot be built here for a
# reason outside this project (the reason is the last line on stderr): the
# tests report that as a skip, never as a pass.
#
#   TRAEFIK_VERSION   the pinned version (default v3.7.13)
#   TRAEFIK_CACHE     where the binary goes (default $XDG_CACHE_HOME/iotda-preflight)
set -euo pipefail
version="${TRAEFIK_VERSION:-v3.7.13}"
cache="${TRAEFIK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/iotda-preflight}/traefik-$version"
bin="$cache/traefik"
go="${GO:-go}"

if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # one build at a time; a second caller waits for the first's binary
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi

unbuildable() { echo "traefik $version cannot be built here: $*" >&2; exit 3; }
log="$cache/build.log"
work="$(mktemp -d "$cache/work.XXXXXX")"
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
echo "building traefik $version (log: $log)" >&2

# 1. The module's source, copied out of the read-only module cache.
dir="$("$go" mod download -json "github.com/traefik/traefik/v3@$version" 2>>"$log" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')" ||
  unbuildable "the module proxy does not serve github.com/traefik/traefik/v3@$version"
[ -n "$dir" ] || unbuildable "the module proxy does not serve github.com/traefik/traefik/v3@$version"
cp -r "$dir" "$work/traefik" && chmod -R u+w "$work/traefik"
cd "$work/traefik"

# 2. The nested module the zip lacks (modules do not include nested modules):
# Traefik's open-source build embeds two empty structs from it.
mkdir -p pkg/config/dynamic/ext
printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.24\n' > pkg/config/dynamic/ext/go.mod
printf '// Package ext holds extension points of the dynamic configuration (empty in the open-source build).\npackage ext\n\n// HTTP extends the HTTP configuration.\ntype HTTP struct{}\n\n// Router extends a router.\ntype Router struct{}\n' > pkg/config/dynamic/ext/ext.go

# 3. The proxy refuses containous/go-http-auth at the version Traefik pins;
# the fork v3.6.12 pins has the same API.
"$go" mod edit -replace github.com/abbot/go-http-auth=github.com/containous/go-http-auth@v0.4.1-0.20200324110947-a37a7636d23e

# 4. The proxy refuses seven lego DNS-provider SDKs: a copy of lego whose
# provider table leaves them out (ACME DNS challenges through them only).
lego="$(grep -o 'github.com/go-acme/lego/v5 v[^ ]*' go.mod | head -1 | cut -d' ' -f2)"
legodir="$("$go" mod download -json "github.com/go-acme/lego/v5@$lego" 2>>"$log" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')" ||
  unbuildable "the module proxy does not serve lego $lego"
cp -r "$legodir" "$work/lego" && chmod -R u+w "$work/lego"
gen="$work/lego/providers/dns/zz_gen_dns_providers.go"
drop='edgedns|huaweicloud|oraclecloud|sakuracloud|ucloud|yandexcloud'
sed -E -i "/providers\/dns\/($drop)\"$/d; /^\tcase \"($drop)\"/,+1d" "$gen"
rm -rf "$work/lego/providers/dns/"{edgedns,huaweicloud,oraclecloud,sakuracloud,ucloud,yandexcloud}
# Their modules leave both requirement lists: the proxy refuses even their go.mod.
for m in github.com/akamai/AkamaiOPEN-edgegrid-golang/v13 github.com/huaweicloud/huaweicloud-sdk-go-v3 \
  github.com/nrdcg/oci-go-sdk/common/v1065 github.com/nrdcg/oci-go-sdk/dns/v1065 github.com/sacloud/sacloud-sdk-go \
  github.com/ucloud/ucloud-sdk-go github.com/yandex-cloud/go-genproto github.com/yandex-cloud/go-sdk/services/dns \
  github.com/yandex-cloud/go-sdk/v2; do
  (cd "$work/lego" && "$go" mod edit -droprequire "$m")
  "$go" mod edit -droprequire "$m"
done
"$go" mod edit -replace "github.com/go-acme/lego/v5=$work/lego"

# 5. Build.
if ! CGO_ENABLED=0 "$go" build -mod=mod -trimpath -o "$work/traefik.bin" ./cmd/traefik >>"$log" 2>&1; then
  tail -20 "$log" >&2
  unbuildable "go build failed (see $log)"
fi
mv "$work/traefik.bin" "$bin"
echo "$bin"
