FROM alpine
CMD["no-space"]
CMD   [	"tabs"	,	"x"	]   
RUN [ "a" ]	
