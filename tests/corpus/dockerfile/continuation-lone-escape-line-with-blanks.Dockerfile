FROM alpine
RUN echo start \
  \  
\	
end
