FROM alpine
CMD ["echo", "hi"]
ENTRYPOINT [ "a" , "b" ]
RUN ["sh","-c","true"]
