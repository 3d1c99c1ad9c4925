FROM alpine
RUN <<eo'f'
body
eof
RUN <<'e'o\'f
x
eo'f
