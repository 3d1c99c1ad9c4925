FROM alpineRUN echo oneCMD two
