   FROM	alpine
	  RUN   echo   hi  
  	
   EXPOSE	80	 443
