FROM docker:26-dind
RUN apk add --no-cache bash git jq curl make py3-pip
RUN adduser -D -u 1001 runner && addgroup runner docker
COPY --chmod=0755 entrypoint.sh /usr/local/bin/
VOLUME /var/lib/docker
ENV DOCKER_TLS_CERTDIR=/certs
USER runner
WORKDIR /home/runner
ENTRYPOINT ["entrypoint.sh"]
CMD ["--help"]
