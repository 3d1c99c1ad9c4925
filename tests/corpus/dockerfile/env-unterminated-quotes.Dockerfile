FROM alpine
ENV a="b c
ARG d='e f
LABEL g="h
