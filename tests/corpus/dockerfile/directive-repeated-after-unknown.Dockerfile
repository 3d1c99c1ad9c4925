# escape=`
# unknown=1
# escape=\
FROM alpine
