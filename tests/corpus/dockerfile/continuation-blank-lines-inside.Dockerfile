FROM alpine
RUN something \

    following \


    more
CMD ["sh"]
