# check=error=true
# syntax=a
# syntax=b
FROM alpine
