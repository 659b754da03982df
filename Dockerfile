# syntax=docker/dockerfile:1
# The duvo container image: the Linux release binary on a small distroless base (glibc,
# CA certificates, no shell), running as a non-root user, with duvo as the entrypoint.
#
#   bun scripts/build.ts --target linux-x64 --target linux-arm64
#   docker buildx build --platform linux/amd64,linux/arm64 -t duvo .
#
#   docker run --rm -e DUVO_API_KEY duvo runs list
#   docker run --rm -e DUVO_API_KEY_FILE=/run/secrets/duvo_api_key \
#     -v "$PWD/duvo_api_key:/run/secrets/duvo_api_key:ro" duvo runs get <run-id>
#
# duvo handles SIGTERM and SIGINT itself, so as PID 1 (no init) it stops at once on
# `docker stop` or Ctrl-C, with exit 143 / 130 (test/container.test.ts checks this).
# For an Alpine image, use a -musl build and `apk add libstdc++ libgcc`.

FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS unpack
ARG TARGETARCH
COPY dist/release/ /release/
WORKDIR /release
RUN set -eu; \
    case "$TARGETARCH" in \
      amd64) arch=x64 ;; \
      arm64) arch=arm64 ;; \
      *) echo "duvo has no Linux build for $TARGETARCH" >&2; exit 1 ;; \
    esac; \
    set -- duvo-*-linux-$arch.tar.gz; \
    [ "$#" -eq 1 ] && [ -f "$1" ] || { echo "expected one duvo-<version>-linux-$arch.tar.gz in dist/release (bun scripts/build.ts)" >&2; exit 1; }; \
    grep "  $1\$" SHA256SUMS | sha256sum -c -; \
    mkdir /out && tar -xzf "$1" -C /out duvo

FROM gcr.io/distroless/base-debian12:nonroot
COPY --from=unpack /out/duvo /usr/local/bin/duvo
USER nonroot
ENTRYPOINT ["duvo"]
CMD ["--help"]
