# check=skip=all
# escape=`
FROM alpine
RUN a `
 b
