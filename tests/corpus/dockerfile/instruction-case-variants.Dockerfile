from alpine AS Base
CoPy a b
rUn echo x
EnV a=b
label x=y
ArG z
expose 80
healthcheck none
