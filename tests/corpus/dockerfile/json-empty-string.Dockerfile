FROM alpine
RUN [""]
CMD ["", ""]
