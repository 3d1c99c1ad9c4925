FROM alpine
ENV C trailing\\backslash\\
ENV D next
RUN echo a\\
RUN echo b
