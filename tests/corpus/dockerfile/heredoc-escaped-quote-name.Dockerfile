FROM alpine
RUN <<eo\'f
body
eo'f
