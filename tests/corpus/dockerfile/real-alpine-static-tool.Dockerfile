FROM alpine:3.20 AS fetch
ARG KUBECTL_VERSION=1.29.3
ADD --checksum=sha256:89c0435cec75278f84b62b848b8c0d3e15897d6947b6c59a49ddccd93d7312bf \
    https://dl.k8s.io/release/v${KUBECTL_VERSION}/bin/linux/amd64/kubectl /usr/local/bin/kubectl
RUN chmod +x /usr/local/bin/kubectl

FROM scratch
COPY --from=fetch /usr/local/bin/kubectl /kubectl
ENTRYPOINT ["/kubectl"]
