FROM alpine
RUN cat <<$EOF
$EOF
RUN cat <<${X}
${X}
