# escape=`
FROM alpine
ENV a=b`c d="e`"f" g=h\i
ARG j=k` l
LABEL m="n` o"
