// The matcher lives in the kit: the trusted-proxy rule (TRUSTED_PROXY_CIDRS) uses it too.
export { type AddressList, addressListProblems, parseAddressList } from '@ukp/kit';
