print("minaoshi")
