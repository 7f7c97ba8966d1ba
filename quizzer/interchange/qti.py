"""placeholder"""
def read(data, name):
    raise NotImplementedError
