FROM alpine
RUN echo hi
run echo lower
RuN echo mixed && \
  echo more
RUN
RUN    
