# hello
# escape=`
FROM alpine
ENV P \
\go
