FROM alpine
ENV a b c
ENV PATH /usr/local/bin:$PATH
ENV ONE TWO= THREE=world
ENV SPACES   keep   inner   spaces  
