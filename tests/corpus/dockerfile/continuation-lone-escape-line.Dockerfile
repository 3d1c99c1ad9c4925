FROM alpine
ENV E hello\
\
world
