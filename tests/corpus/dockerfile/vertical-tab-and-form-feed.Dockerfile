FROM alpine
RUNecho vtab
CMDecho formfeed
EXPOSE 808182
