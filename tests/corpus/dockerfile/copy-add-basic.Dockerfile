FROM alpine
COPY . /app
COPY a b c /dest/
ADD https://example.com/file.tar.gz /tmp/
ADD --chown=1000:1000 files* /srv/
COPY
ADD
