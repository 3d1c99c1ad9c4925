# syntax2=x
# escape=`
FROM alpine
RUN a `
RUN b
