FROM alpine
RUN echo "a <<NOT" <<YES
body
YES
