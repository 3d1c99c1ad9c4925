# foo=bar
# escape=`
FROM alpine
RUN a `
RUN b
