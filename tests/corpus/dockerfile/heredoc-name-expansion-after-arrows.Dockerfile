FROM alpine
RUN cat <<${X:?missing}
body
${X:?missing}
