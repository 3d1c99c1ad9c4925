# escape=`
ARG a=b`c d="x`" y"
FROM alpine
