FROM alpine
RUN <<EOF
# not a comment to the parser
echo trailing backslash \
FROM not-an-instruction
# escape=`

  indented
EOF
RUN echo after
