FROM alpine
RUN a \
   
	
  b \
 	 
  c
