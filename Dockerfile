# syntax=docker/dockerfile:1
# The Bulletin container image: `docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" IMAGE`
# builds the site in the current folder (docs/releasing.md).

# Build: the official Rust image on Alpine links a static musl binary, which needs nothing from
# the final image but CA certificates.
ARG RUST_VERSION=1.95
FROM rust:${RUST_VERSION}-alpine AS build
# The C parts (mimalloc, ring) compile against musl's headers. Alpine's package versions are not
# pinned: the branch (from the rust tag) fixes them, and its old versions are removed.
# hadolint ignore=DL3018
RUN apk add --no-cache musl-dev
WORKDIR /src
# Dependencies first, in their own layer: they change far less often than the code.
COPY Cargo.toml Cargo.lock ./
RUN cargo fetch --locked
COPY src ./src
COPY themes ./themes
RUN cargo build --release --locked --offline --bin bulletin \
    && cp target/release/bulletin /bulletin

# Run: distroless "static" is the binary's whole world: CA certificates (for `notify` and
# `import`), /tmp, and an unprivileged user (65532, "nonroot"), without a shell or a package
# manager. Chosen over `scratch`, which lacks /tmp and a user entry.
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /bulletin /usr/local/bin/bulletin
USER 65532:65532
WORKDIR /site
ENTRYPOINT ["bulletin"]
CMD ["build"]
