ARG foo bar=baz
FROM alpine
ARG abc="123 456" def
ARG empty=
ARG quoted='x y' esc=a\ b
ARG
ARG =x
