package dev.gpumagics.kernel;

import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * Points a class's calls of {@code System.exit}, {@code Runtime.exit} and {@code Runtime.halt} at
 * {@link CellExits}, which refuses them. Java 17 has no other clean way: the SecurityManager that could
 * refuse an exit is deprecated for removal and warns on every start. Direct calls are rewritten, in
 * lambdas too, and method references ({@code System::exit}), whose handle is a constant of the class.
 * A call through reflection or a {@code MethodHandles.Lookup} names the method only at run time, and
 * is not seen.
 */
final class ExitCallRewriter {

    private static final String EXITS = Type.getInternalName(CellExits.class);
    private static final String WITH_RUNTIME = "(Ljava/lang/Runtime;I)V";

    private ExitCallRewriter() {}

    /**
     * The class with its exits refused; the same array when it calls none, or when it is a class file
     * newer than ASM can read (then it is loaded as compiled, its exits not refused).
     */
    static byte[] refuseExits(byte[] classFile) {
        ClassReader reader;
        try {
            reader = new ClassReader(classFile);
        } catch (IllegalArgumentException e) {
            return classFile; // a class file version this ASM does not know
        }
        ClassWriter writer = new ClassWriter(reader, 0); // same operand stack, so sizes and frames stay valid
        Rewriting rewriting = new Rewriting(writer);
        reader.accept(rewriting, 0);
        return rewriting.changed ? writer.toByteArray() : classFile;
    }

    /** The method of {@link CellExits} that replaces {@code owner.name}, with its descriptor. */
    private record Replacement(String name, String descriptor) {}

    private static Optional<Replacement> replacement(String owner, String name, String descriptor, boolean isStatic) {
        if (!descriptor.equals("(I)V")) {
            return Optional.empty();
        }
        if (isStatic && owner.equals("java/lang/System") && name.equals("exit")) {
            return Optional.of(new Replacement("systemExit", "(I)V"));
        }
        if (!isStatic && owner.equals("java/lang/Runtime") && name.equals("exit")) {
            return Optional.of(new Replacement("runtimeExit", WITH_RUNTIME));
        }
        if (!isStatic && owner.equals("java/lang/Runtime") && name.equals("halt")) {
            return Optional.of(new Replacement("runtimeHalt", WITH_RUNTIME));
        }
        return Optional.empty();
    }

    private static final class Rewriting extends ClassVisitor {
        boolean changed;

        Rewriting(ClassVisitor next) {
            super(Opcodes.ASM9, next);
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, @Nullable String signature,
                String @Nullable [] exceptions) {
            return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String desc, boolean isInterface) {
                    boolean candidate = opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.INVOKEVIRTUAL;
                    Optional<Replacement> with = candidate
                            ? replacement(owner, method, desc, opcode == Opcodes.INVOKESTATIC) : Optional.empty();
                    if (with.isPresent()) {
                        changed = true;
                        super.visitMethodInsn(Opcodes.INVOKESTATIC, EXITS, with.get().name(), with.get().descriptor(), false);
                    } else {
                        super.visitMethodInsn(opcode, owner, method, desc, isInterface);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String desc, Handle bootstrap, Object... arguments) {
                    Object[] rewritten = arguments.clone();
                    for (int i = 0; i < rewritten.length; i++) {
                        rewritten[i] = constant(rewritten[i]);
                    }
                    super.visitInvokeDynamicInsn(method, desc, bootstrap, rewritten);
                }

                @Override
                public void visitLdcInsn(Object value) {
                    super.visitLdcInsn(constant(value));
                }
            };
        }

        /** A method handle constant for an exit ({@code System::exit}) becomes one for its refusal. */
        private Object constant(Object value) {
            if (!(value instanceof Handle handle)) {
                return value;
            }
            boolean isStatic = handle.getTag() == Opcodes.H_INVOKESTATIC;
            if (!isStatic && handle.getTag() != Opcodes.H_INVOKEVIRTUAL) {
                return value;
            }
            Optional<Replacement> with = replacement(handle.getOwner(), handle.getName(), handle.getDesc(), isStatic);
            if (with.isEmpty()) {
                return value;
            }
            changed = true;
            // a receiver bound or passed to Runtime::exit becomes the replacement's first parameter
            return new Handle(Opcodes.H_INVOKESTATIC, EXITS, with.get().name(), with.get().descriptor(), false);
        }
    }
}
