FROM alpine
RUN echo hello  \   
world
RUN echo\    
 hello
