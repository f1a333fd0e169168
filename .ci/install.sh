#!/usr/bin/env bash
# Installs the tools that .ci/run needs, skipping each one already present,
# so running it twice is cheap. Needs root (or sudo) for apt-get, and Go on
# PATH or at /usr/local/go.
#
#	qemu-user-static  cross-architecture tests (qemu-arm-static, ...)
#	binutils          readelf, for tests of ELF overlays
#	gcc, libc6-dev    cgo, which go test -race needs
#	golangci-lint     pinned below, built with go install into $(go env GOPATH)/bin
set -euo pipefail

GOLANGCI_LINT_VERSION=v2.15.0

if ! command -v go >/dev/null && [[ -x /usr/local/go/bin/go ]]; then
	export PATH=/usr/local/go/bin:$PATH
fi
gobin=$(go env GOPATH)/bin
export PATH=$gobin:$PATH

sudo=
if [[ $(id -u) != 0 ]]; then
	sudo=sudo
fi

packages=()
command -v qemu-arm-static >/dev/null || packages+=(qemu-user-static)
command -v readelf >/dev/null || packages+=(binutils)
command -v gcc >/dev/null || packages+=(gcc libc6-dev)
if ((${#packages[@]})); then
	echo "install.sh: apt-get install ${packages[*]}"
	$sudo apt-get update -q
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${packages[@]}"
else
	echo "install.sh: qemu-user-static, binutils, gcc: present"
fi

# golangci-lint version prints "golangci-lint has version 2.15.0 built with ...".
want=${GOLANGCI_LINT_VERSION#v}
if [[ -x $gobin/golangci-lint ]] && [[ $("$gobin/golangci-lint" version 2>/dev/null) == *"version $want "* ]]; then
	echo "install.sh: golangci-lint $GOLANGCI_LINT_VERSION: present"
else
	echo "install.sh: go install golangci-lint@$GOLANGCI_LINT_VERSION"
	GOBIN=$gobin go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
fi
