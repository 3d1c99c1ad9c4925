# just a comment
FROM alpine
