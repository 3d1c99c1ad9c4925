   # escape=`
FROM alpine
RUN x `
 y
