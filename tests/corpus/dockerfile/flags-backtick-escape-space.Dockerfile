# escape=`
FROM alpine
RUN --mount=type=bind,target=c:\dir`` x
