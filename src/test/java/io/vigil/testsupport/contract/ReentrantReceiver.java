package io.vigil.testsupport.contract;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Generated;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * <p>Auto generated code.
 * <p><strong>Do not modify!</strong>
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the 
 * <a href="https://github.com/LFDT-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 5.0.2.
 */
@SuppressWarnings("rawtypes")
@Generated("org.web3j.codegen.SolidityFunctionWrapperGenerator")
public class ReentrantReceiver extends Contract {
    public static final String BINARY = "60a060405234801561000f575f5ffd5b50604051610ac2380380610ac283398101604081905261002e9161003f565b6001600160a01b031660805261006c565b5f6020828403121561004f575f5ffd5b81516001600160a01b0381168114610065575f5ffd5b9392505050565b608051610a226100a05f395f818161013a01528181610180015281816103f30152818161046d01526105730152610a225ff3fe608060405260043610610096575f3560e01c80635a2056ba1161006657806383a6deb51161004c57806383a6deb51461034b578063a8745cd214610360578063ca6ddc2f14610374575f5ffd5b80635a2056ba146102e75780635a59799c14610300575f5ffd5b806330b7596c146102655780633ccfd60b1461028b5780634a3274201461029f57806359703b2e146102be575f5ffd5b366102615760045460ff161561010c576040517f08c379a000000000000000000000000000000000000000000000000000000000815260206004820152601160248201527f7061796d656e74732072656a6563746564000000000000000000000000000000604482015260640160405180910390fd5b3460035f82825461011d919061069e565b90915550503373ffffffffffffffffffffffffffffffffffffffff7f00000000000000000000000000000000000000000000000000000000000000001614801561016657505f54155b15610233575f80549080610179836106b1565b91905055507f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16633ccfd60b6040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156101e3575f5ffd5b505af19250505080156101f4575060015b610235573d808015610221576040519150601f19603f3d011682016040523d82523d5f602084013e610226565b606091505b50600261023382826107bd565b005b600180547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff001681179055005b5f5ffd5b6102786102733660046108d8565b610395565b6040519081526020015b60405180910390f35b348015610296575f5ffd5b5061023361046b565b3480156102aa575f5ffd5b506102336102b9366004610933565b6104e8565b3480156102c9575f5ffd5b506001546102d79060ff1681565b6040519015158152602001610282565b3480156102f2575f5ffd5b506004546102d79060ff1681565b34801561030b575f5ffd5b5061023361031a36600461095c565b600480547fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0016911515919091179055565b348015610356575f5ffd5b5061027860035481565b34801561036b575f5ffd5b506102785f5481565b34801561037f575f5ffd5b506103886105e5565b6040516102829190610982565b6040517f5197905f00000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff838116600483015267ffffffffffffffff831660248301525f60448301819052917f000000000000000000000000000000000000000000000000000000000000000090911690635197905f90349060640160206040518083038185885af115801561043d573d5f5f3e3d5ffd5b50505050506040513d601f19601f8201168201806040525081019061046291906109d5565b90505b92915050565b7f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff16633ccfd60b6040518163ffffffff1660e01b81526004015f604051808303815f87803b1580156104d0575f5ffd5b505af11580156104e2573d5f5f3e3d5ffd5b50505050565b604080516080810182528481525f602082018181528284018681526060840186815294517f0212402e00000000000000000000000000000000000000000000000000000000815293516004850152905167ffffffffffffffff1660248401525160448301529151606482015260c0608482015260c4810182905260e060a482015260e48101919091527f000000000000000000000000000000000000000000000000000000000000000073ffffffffffffffffffffffffffffffffffffffff1690630212402e90610104015f604051808303815f87803b1580156105ca575f5ffd5b505af11580156105dc573d5f5f3e3d5ffd5b50505050505050565b600280546105f290610715565b80601f016020809104026020016040519081016040528092919081815260200182805461061e90610715565b80156106695780601f1061064057610100808354040283529160200191610669565b820191905f5260205f20905b81548152906001019060200180831161064c57829003601f168201915b505050505081565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b8082018082111561046557610465610671565b5f7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff82036106e1576106e1610671565b5060010190565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52604160045260245ffd5b600181811c9082168061072957607f821691505b602082108103610760577f4e487b71000000000000000000000000000000000000000000000000000000005f52602260045260245ffd5b50919050565b601f8211156107b857828211156107b857805f5260205f20601f840160051c602085101561079157505f5b90810190601f840160051c035f5b818110156107b4575f8382015560010161079f565b5050505b505050565b815167ffffffffffffffff8111156107d7576107d76106e8565b6107eb816107e58454610715565b84610766565b6020601f82116001811461083c575f83156108065750848201515b7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600385901b1c1916600184901b1784556108d1565b5f848152602081207fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe08516915b828110156108895787850151825560209485019460019092019101610869565b50848210156108c557868401517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff600387901b60f8161c191681555b505060018360011b0184555b5050505050565b5f5f604083850312156108e9575f5ffd5b823573ffffffffffffffffffffffffffffffffffffffff8116811461090c575f5ffd5b9150602083013567ffffffffffffffff81168114610928575f5ffd5b809150509250929050565b5f5f5f60608486031215610945575f5ffd5b505081359360208301359350604090920135919050565b5f6020828403121561096c575f5ffd5b8135801515811461097b575f5ffd5b9392505050565b602081525f82518060208401528060208501604085015e5f6040828501015260407fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0601f83011684010191505092915050565b5f602082840312156109e5575f5ffd5b505191905056fea26469706673582212204772a1580c88fc79d32542e64676aadf70e24b9797082f4ce01e23c6c271d22364736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_CLOSEWITHOPENINGSTATE = "closeWithOpeningState";

    public static final String FUNC_OPENCHANNEL = "openChannel";

    public static final String FUNC_RECEIVED = "received";

    public static final String FUNC_REENTRYATTEMPTS = "reentryAttempts";

    public static final String FUNC_REENTRYERROR = "reentryError";

    public static final String FUNC_REENTRYSUCCEEDED = "reentrySucceeded";

    public static final String FUNC_REJECTPAYMENTS = "rejectPayments";

    public static final String FUNC_SETREJECTPAYMENTS = "setRejectPayments";

    public static final String FUNC_WITHDRAW = "withdraw";

    @Deprecated
    protected ReentrantReceiver(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected ReentrantReceiver(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected ReentrantReceiver(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected ReentrantReceiver(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public RemoteFunctionCall<TransactionReceipt> closeWithOpeningState(byte[] channelId,
            BigInteger balanceA, BigInteger balanceB) {
        final Function function = new Function(
                FUNC_CLOSEWITHOPENINGSTATE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(channelId), 
                new org.web3j.abi.datatypes.generated.Uint256(balanceA), 
                new org.web3j.abi.datatypes.generated.Uint256(balanceB)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> openChannel(String partner,
            BigInteger challengePeriod, BigInteger weiValue) {
        final Function function = new Function(
                FUNC_OPENCHANNEL, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, partner), 
                new org.web3j.abi.datatypes.generated.Uint64(challengePeriod)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function, weiValue);
    }

    public RemoteFunctionCall<BigInteger> received() {
        final Function function = new Function(FUNC_RECEIVED, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<BigInteger> reentryAttempts() {
        final Function function = new Function(FUNC_REENTRYATTEMPTS, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<byte[]> reentryError() {
        final Function function = new Function(FUNC_REENTRYERROR, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<DynamicBytes>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<Boolean> reentrySucceeded() {
        final Function function = new Function(FUNC_REENTRYSUCCEEDED, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<Boolean> rejectPayments() {
        final Function function = new Function(FUNC_REJECTPAYMENTS, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bool>() {}));
        return executeRemoteCallSingleValueReturn(function, Boolean.class);
    }

    public RemoteFunctionCall<TransactionReceipt> setRejectPayments(Boolean reject) {
        final Function function = new Function(
                FUNC_SETREJECTPAYMENTS, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Bool(reject)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> withdraw() {
        final Function function = new Function(
                FUNC_WITHDRAW, 
                Arrays.<Type>asList(), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    @Deprecated
    public static ReentrantReceiver load(String contractAddress, Web3j web3j,
            Credentials credentials, BigInteger gasPrice, BigInteger gasLimit) {
        return new ReentrantReceiver(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static ReentrantReceiver load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new ReentrantReceiver(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static ReentrantReceiver load(String contractAddress, Web3j web3j,
            Credentials credentials, ContractGasProvider contractGasProvider) {
        return new ReentrantReceiver(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static ReentrantReceiver load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new ReentrantReceiver(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<ReentrantReceiver> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider, String target) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, target)));
        return deployRemoteCall(ReentrantReceiver.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    public static RemoteCall<ReentrantReceiver> deploy(Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider,
            String target) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, target)));
        return deployRemoteCall(ReentrantReceiver.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<ReentrantReceiver> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit, String target) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, target)));
        return deployRemoteCall(ReentrantReceiver.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    @Deprecated
    public static RemoteCall<ReentrantReceiver> deploy(Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit,
            String target) {
        String encodedConstructor = FunctionEncoder.encodeConstructor(Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, target)));
        return deployRemoteCall(ReentrantReceiver.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), encodedConstructor);
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }
}
