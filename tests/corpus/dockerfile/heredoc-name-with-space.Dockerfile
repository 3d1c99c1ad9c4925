FROM alpine
RUN <<'one two'
body
one two
