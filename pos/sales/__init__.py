"""The sale and the return: the cart, ringing up, payments, receipts, refunds."""
