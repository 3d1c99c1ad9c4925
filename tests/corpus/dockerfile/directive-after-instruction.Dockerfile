FROM alpine
# escape=`
RUN a `
RUN b
