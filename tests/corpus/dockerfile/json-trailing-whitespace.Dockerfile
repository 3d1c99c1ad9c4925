FROM alpine
CMD ["a", "b"]   	
RUN ["c"]
