FROM ["alpine"]
EXPOSE ["80"]
USER ["root"]
