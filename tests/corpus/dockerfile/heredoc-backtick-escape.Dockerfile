# escape=`
FROM alpine
RUN <<EOF `
  && echo more
body
EOF
